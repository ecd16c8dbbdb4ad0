# compare_cost.gp - cost by component, per variant (fleetsim 0.1.0)
#
# Draws compare_cost.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot compare_cost.gp
# or for one format:    gnuplot -e "fmt='pdf'" compare_cost.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'compare_cost.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 20260601, 4 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'deepseek_2026_scaleup: next_model: marginal (rental-equiv.) vs dedicated (TCO) view; the fleet, by strategy' font ',21'
    set object 500 rect from screen 0.0402, screen 0.8649 to screen 0.0564, screen 0.8851 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 500 'rental-equivalent' at screen 0.0629, screen 0.8750 left front
    set object 501 rect from screen 0.2269, screen 0.8649 to screen 0.2431, screen 0.8851 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'capex or rent (jobs)' at screen 0.2496, screen 0.8750 left front
    set object 502 rect from screen 0.4363, screen 0.8649 to screen 0.4525, screen 0.8851 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'energy' at screen 0.4590, screen 0.8750 left front
    set object 503 rect from screen 0.5397, screen 0.8649 to screen 0.5560, screen 0.8851 fc rgb '#D55E00' fs solid 1.0 noborder front
    set label 503 'lost work' at screen 0.5625, screen 0.8750 left front
    set object 504 rect from screen 0.6594, screen 0.8649 to screen 0.6757, screen 0.8851 fc rgb '#56B4E9' fs solid 1.0 noborder front
    set label 504 'idle capacity' at screen 0.6822, screen 0.8750 left front
    set object 505 rect from screen 0.8074, screen 0.8649 to screen 0.8236, screen 0.8851 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 505 'rent paid (fleet)' at screen 0.8301, screen 0.8750 left front
    set label 101 'Means over replicates; a run that did not finish is charged for the work it did.' at screen 0.01, screen 0.015 left font ',15' tc rgb '#555555'
    set lmargin at screen 0.100
    set rmargin at screen 0.580
    set bmargin at screen 0.206
    set tmargin at screen 0.760
    set xrange [-0.6:7.6]
    set xtics ('baseline' 0, 'route_ascend_910b' 1, 'route_h20' 2, 'route_h200' 3, 'route_grey_h100' 4, 'route_grey_b200' 5, 'route_rent_my' 6, 'route_h800_existing' 7) rotate by 30 right font ',16'
    set ylabel 'USD (millions)'
    set format y '$%gM'
    set yrange [0:690.331]
    set label 200 '$210.6M' at -0.200, 210.558 left rotate by 90 offset 0,0.5 font ',17'
    set label 201 '$202.3M' at 0.200, 202.299 left rotate by 90 offset 0,0.5 font ',17'
    set label 202 '$369.1M' at 0.800, 369.062 left rotate by 90 offset 0,0.5 font ',17'
    set label 203 '$473.9M' at 1.200, 473.919 left rotate by 90 offset 0,0.5 font ',17'
    set label 204 '$0.00' at 1.800, 0 left rotate by 90 offset 0,0.5 font ',17'
    set label 205 '$0.00' at 2.200, 0 left rotate by 90 offset 0,0.5 font ',17'
    set label 206 '$59.49M' at 2.800, 59.4948 left rotate by 90 offset 0,0.5 font ',17'
    set label 207 '$65.66M' at 3.200, 65.6587 left rotate by 90 offset 0,0.5 font ',17'
    set label 208 '$152.4M' at 3.800, 152.373 left rotate by 90 offset 0,0.5 font ',17'
    set label 209 '$155.3M' at 4.200, 155.284 left rotate by 90 offset 0,0.5 font ',17'
    set label 210 '$167.8M' at 4.800, 167.778 left rotate by 90 offset 0,0.5 font ',17'
    set label 211 '$102.5M' at 5.200, 102.45 left rotate by 90 offset 0,0.5 font ',17'
    set label 212 '$224.3M' at 5.800, 224.339 left rotate by 90 offset 0,0.5 font ',17'
    set label 213 '$224.3M' at 6.200, 224.339 left rotate by 90 offset 0,0.5 font ',17'
    set label 214 '$191.3M' at 6.800, 191.337 left rotate by 90 offset 0,0.5 font ',17'
    set label 215 '$191.9M' at 7.200, 191.904 left rotate by 90 offset 0,0.5 font ',17'
    set title 'next_model (mean of 4 replicates)'
    set label 31 'Not finished in every replicate: route_h20, route_h200, route_grey_h100' at graph 0.98, graph 0.95 right front font ',17' tc rgb '#D55E00'
    plot \
        'compare_cost.dat' index 0 using ($1-0.2):(0):($1-0.38):($1-0.02):(0)/1e+06:($2)/1e+06 with boxxyerror fc rgb '#009E73' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):(0)/1e+06:($3)/1e+06 with boxxyerror fc rgb '#0072B2' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):($3)/1e+06:($3+$4)/1e+06 with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):($3+$4)/1e+06:($3+$4+$5)/1e+06 with boxxyerror fc rgb '#D55E00' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):($3+$4+$5)/1e+06:($3+$4+$5+$6)/1e+06 with boxxyerror fc rgb '#56B4E9' fs solid 1.0 border lc rgb '#ffffff'
    unset label 200
    unset label 201
    unset label 202
    unset label 203
    unset label 204
    unset label 205
    unset label 206
    unset label 207
    unset label 208
    unset label 209
    unset label 210
    unset label 211
    unset label 212
    unset label 213
    unset label 214
    unset label 215
    unset label 30
    unset label 31
    unset label 101
    unset label 3301
    unset label 3302
    unset label 3303
    unset label 3304
    unset label 3305
    unset label 3311
    unset label 3312
    unset label 3313
    unset label 3314
    unset label 3315
    unset object 500
    unset label 500
    unset object 501
    unset label 501
    unset object 502
    unset label 502
    unset object 503
    unset label 503
    unset object 504
    unset label 504
    unset object 505
    unset label 505
    unset label 100
    set lmargin at screen 0.680
    set rmargin at screen 0.970
    set bmargin at screen 0.206
    set tmargin at screen 0.760
    set xrange [-0.6:7.6]
    set xtics ('baseline' 0, 'route_ascend_910b' 1, 'route_h20' 2, 'route_h200' 3, 'route_grey_h100' 4, 'route_grey_b200' 5, 'route_rent_my' 6, 'route_h800_existing' 7) rotate by 30 right font ',16'
    set ylabel 'USD (billions)'
    set format y '$%gB'
    set yrange [0:10.296]
    set label 400 '$8.12B' at -0.200, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 401 '$6.17B' at 0.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set label 402 '$8.12B' at 0.800, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 403 '$6.17B' at 1.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set label 404 '$8.12B' at 1.800, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 405 '$6.17B' at 2.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set label 406 '$8.12B' at 2.800, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 407 '$6.17B' at 3.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set label 408 '$8.12B' at 3.800, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 409 '$6.17B' at 4.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set label 410 '$8.12B' at 4.800, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 411 '$6.17B' at 5.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set label 412 '$8.12B' at 5.800, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 413 '$6.17B' at 6.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set label 414 '$8.12B' at 6.800, 8.11918 left rotate by 90 offset 0,0.5 font ',17'
    set label 415 '$6.17B' at 7.200, 6.16572 left rotate by 90 offset 0,0.5 font ',17'
    set title 'Whole fleet, 1096 days'
    plot \
        'compare_cost.dat' index 1 using ($1-0.2):(0):($1-0.38):($1-0.02):(0)/1e+09:($2)/1e+09 with boxxyerror fc rgb '#009E73' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 1 using ($1+0.2):(0):($1+0.02):($1+0.38):(0)/1e+09:($3)/1e+09 with boxxyerror fc rgb '#0072B2' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 1 using ($1+0.2):(0):($1+0.02):($1+0.38):($3)/1e+09:($3+$4)/1e+09 with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 1 using ($1+0.2):(0):($1+0.02):($1+0.38):($3+$4)/1e+09:($3+$4+$5)/1e+09 with boxxyerror fc rgb '#CC79A7' fs solid 1.0 border lc rgb '#ffffff'
    unset multiplot
    set output
}
