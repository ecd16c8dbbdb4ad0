# compare_time_cost.gp - time to train against the job's cost, per variant (fleetsim 0.1.0)
#
# Draws compare_time_cost.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot compare_time_cost.gp
# or for one format:    gnuplot -e "fmt='pdf'" compare_time_cost.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'compare_time_cost.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 20260601, 4 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'deepseek_2026_scaleup: time to result vs absorption cost of next_model, by strategy' font ',24'
    set object 500 rect from screen 0.0625, screen 0.8949 to screen 0.0788, screen 0.9151 fc rgb '#000000' fs solid 1.0 noborder front
    set label 500 'baseline (P(finish) = 100 %)' at screen 0.0853, screen 0.9050 left front
    set object 501 rect from screen 0.3342, screen 0.8949 to screen 0.3505, screen 0.9151 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'route_ascend_910b (P(finish) = 100 %)' at screen 0.3570, screen 0.9050 left front
    set object 502 rect from screen 0.6963, screen 0.8949 to screen 0.7126, screen 0.9151 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'route_h20 (P(finish) = 0 %)' at screen 0.7191, screen 0.9050 left front
    set object 503 rect from screen 0.0329, screen 0.8599 to screen 0.0491, screen 0.8801 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 503 'route_h200 (P(finish) = 25 %)' at screen 0.0556, screen 0.8700 left front
    set object 504 rect from screen 0.3199, screen 0.8599 to screen 0.3362, screen 0.8801 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 504 'route_grey_h100 (P(finish) = 75 %)' at screen 0.3427, screen 0.8700 left front
    set object 505 rect from screen 0.6515, screen 0.8599 to screen 0.6678, screen 0.8801 fc rgb '#56B4E9' fs solid 1.0 noborder front
    set label 505 'route_grey_b200 (P(finish) = 100 %)' at screen 0.6743, screen 0.8700 left front
    set object 506 rect from screen 0.1674, screen 0.8249 to screen 0.1837, screen 0.8451 fc rgb '#332288' fs solid 1.0 noborder front
    set label 506 'route_rent_my (P(finish) = 100 %)' at screen 0.1902, screen 0.8350 left front
    set object 507 rect from screen 0.4906, screen 0.8249 to screen 0.5068, screen 0.8451 fc rgb '#882255' fs solid 1.0 noborder front
    set label 507 'route_h800_existing (P(finish) = 100 %)' at screen 0.5133, screen 0.8350 left front
    set lmargin at screen 0.100
    set rmargin at screen 0.970
    set bmargin at screen 0.160
    set tmargin at screen 0.760
    set xlabel 'Job cost, absorption view, USD (billions)'
    set ylabel 'Days to result (wait + compute, P50)'
    set xrange [0:8.60948]
    set yrange [0:1339.47]
    set xtics 1
    set format x '$%gB'
    set grid xtics ytics
    set arrow 10 from 4.56843, graph 0 to 4.56843, graph 1 nohead dt (6,4) lw 1.5 lc rgb '#999999' back
    set arrow 11 from graph 0, first 742.621 to graph 1, first 742.621 nohead dt (6,4) lw 1.5 lc rgb '#999999' back
    set label 20 'baseline' at 4.29315, 825.841 left front font ',17' tc rgb '#000000'
    set label 21 'route_ascend_910b' at 5.40154, 915.308 left front font ',17' tc rgb '#0072B2'
    set label 22 'route_grey_h100 (P(finish) = 75 %)' at 5.39928, 673.07 left front font ',17' tc rgb '#CC79A7'
    set label 23 'route_grey_b200' at 4.69908, 421.141 left front font ',17' tc rgb '#56B4E9'
    set label 24 'route_rent_my' at 4.7756, 349.511 left front font ',17' tc rgb '#332288'
    set label 25 'route_h800_existing' at 3.77416, 486.737 left front font ',17' tc rgb '#882255'
    set label 30 'P50 beyond the horizon (under half finished): route_h20, route_h200' at graph 0.98, graph 0.95 right front font ',17' tc rgb '#D55E00'
    plot \
        'compare_time_cost.dat' every ::5::5 using ($3/1e+09):7:($2/1e+09):($4/1e+09):6:8 with xyerrorbars pt 5 ps 2 lw 2.5 lc rgb '#882255', \
        'compare_time_cost.dat' every ::4::4 using ($3/1e+09):7:($2/1e+09):($4/1e+09):6:8 with xyerrorbars pt 5 ps 2 lw 2.5 lc rgb '#332288', \
        'compare_time_cost.dat' every ::3::3 using ($3/1e+09):7:($2/1e+09):($4/1e+09):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#56B4E9', \
        'compare_time_cost.dat' every ::2::2 using ($3/1e+09):7:($2/1e+09):($4/1e+09):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#CC79A7', \
        'compare_time_cost.dat' every ::1::1 using ($3/1e+09):7:($2/1e+09):($4/1e+09):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#0072B2', \
        'compare_time_cost.dat' every ::0::0 using ($3/1e+09):7:($2/1e+09):($4/1e+09):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#000000'
    unset multiplot
    set output
}
