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
    set label 100 'fleetsim 0.1.0, seed 5, 20 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'strat: run: marginal (rental-equiv.) vs dedicated (TCO) view; the fleet, by strategy' font ',24'
    set object 500 rect from screen 0.1343, screen 0.8649 to screen 0.1506, screen 0.8851 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 500 'rental-equivalent' at screen 0.1571, screen 0.8750 left front
    set object 501 rect from screen 0.3210, screen 0.8649 to screen 0.3373, screen 0.8851 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'capex amortisation' at screen 0.3438, screen 0.8750 left front
    set object 502 rect from screen 0.5206, screen 0.8649 to screen 0.5368, screen 0.8851 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'energy' at screen 0.5433, screen 0.8750 left front
    set object 503 rect from screen 0.6241, screen 0.8649 to screen 0.6403, screen 0.8851 fc rgb '#D55E00' fs solid 1.0 noborder front
    set label 503 'lost work' at screen 0.6468, screen 0.8750 left front
    set object 504 rect from screen 0.7438, screen 0.8649 to screen 0.7600, screen 0.8851 fc rgb '#56B4E9' fs solid 1.0 noborder front
    set label 504 'idle capacity' at screen 0.7665, screen 0.8750 left front
    set label 101 'Means over replicates; a run that did not finish is charged for the work it did.' at screen 0.01, screen 0.015 left font ',15' tc rgb '#555555'
    set lmargin at screen 0.100
    set rmargin at screen 0.580
    set bmargin at screen 0.154
    set tmargin at screen 0.760
    set xrange [-0.6:4.6]
    set xtics ('baseline' 0, 'same_a' 1, 'same_b' 2, 'more_gpus' 3, 'b200' 4) norotate font ',16'
    set ylabel 'USD (millions)'
    set format y '$%gM'
    set yrange [0:2.22675]
    set label 200 '$1.635M' at -0.200, 1.63482 left rotate by 90 offset 0,0.5 font ',17'
    set label 201 '$1.357M' at 0.200, 1.3575 left rotate by 90 offset 0,0.5 font ',17'
    set label 202 '$1.635M' at 0.800, 1.63482 left rotate by 90 offset 0,0.5 font ',17'
    set label 203 '$1.357M' at 1.200, 1.3575 left rotate by 90 offset 0,0.5 font ',17'
    set label 204 '$1.635M' at 1.800, 1.63482 left rotate by 90 offset 0,0.5 font ',17'
    set label 205 '$1.357M' at 2.200, 1.3575 left rotate by 90 offset 0,0.5 font ',17'
    set label 206 '$1.78M' at 2.800, 1.77975 left rotate by 90 offset 0,0.5 font ',17'
    set label 207 '$781.4K' at 3.200, 0.781433 left rotate by 90 offset 0,0.5 font ',17'
    set label 208 '$717.8K' at 3.800, 0.717763 left rotate by 90 offset 0,0.5 font ',17'
    set label 209 '$837.5K' at 4.200, 0.837465 left rotate by 90 offset 0,0.5 font ',17'
    set title 'run (mean of 20 replicates)'
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
    unset label 100
    set lmargin at screen 0.680
    set rmargin at screen 0.970
    set bmargin at screen 0.154
    set tmargin at screen 0.760
    set xrange [-0.6:4.6]
    set xtics ('baseline' 0, 'same_a' 1, 'same_b' 2, 'more_gpus' 3, 'b200' 4) rotate by 30 right font ',16'
    set ylabel 'USD (millions)'
    set format y '$%gM'
    set yrange [0:15.5189]
    set label 400 '$11.98M' at -0.200, 11.9808 left rotate by 90 offset 0,0.5 font ',17'
    set label 401 '$5.188M' at 0.200, 5.18827 left rotate by 90 offset 0,0.5 font ',17'
    set label 402 '$11.98M' at 0.800, 11.9808 left rotate by 90 offset 0,0.5 font ',17'
    set label 403 '$5.188M' at 1.200, 5.18827 left rotate by 90 offset 0,0.5 font ',17'
    set label 404 '$11.98M' at 1.800, 11.9808 left rotate by 90 offset 0,0.5 font ',17'
    set label 405 '$5.188M' at 2.200, 5.18827 left rotate by 90 offset 0,0.5 font ',17'
    set label 406 '$11.98M' at 2.800, 11.9808 left rotate by 90 offset 0,0.5 font ',17'
    set label 407 '$5.188M' at 3.200, 5.18827 left rotate by 90 offset 0,0.5 font ',17'
    set label 408 '$11.98M' at 3.800, 11.9808 left rotate by 90 offset 0,0.5 font ',17'
    set label 409 '$7.297M' at 4.200, 7.29703 left rotate by 90 offset 0,0.5 font ',17'
    set title 'Whole fleet, 120 days'
    plot \
        'compare_cost.dat' index 1 using ($1-0.2):(0):($1-0.38):($1-0.02):(0)/1e+06:($2)/1e+06 with boxxyerror fc rgb '#009E73' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 1 using ($1+0.2):(0):($1+0.02):($1+0.38):(0)/1e+06:($3)/1e+06 with boxxyerror fc rgb '#0072B2' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 1 using ($1+0.2):(0):($1+0.02):($1+0.38):($3)/1e+06:($3+$4)/1e+06 with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'compare_cost.dat' index 1 using ($1+0.2):(0):($1+0.02):($1+0.38):($3+$4)/1e+06:($3+$4+$5)/1e+06 with boxxyerror fc rgb '#CC79A7' fs solid 1.0 border lc rgb '#ffffff'
    unset multiplot
    set output
}
